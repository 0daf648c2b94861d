/* simd_lane.h - handler generators shared by the simd_*.c files: one
 * handler per element size from a lane expression (see simd.h for the
 * pure/saturating families and their operands).
 *
 * In EXPR: n, m, d are the lanes of Vn, Vm, Vd as unsigned values of type
 * U (S is the signed type of the same size); saturating expressions may set
 * the local flag qc through SSAT()/USAT().
 */
#ifndef TINYVM_CPU_SIMD_LANE_H
#define TINYVM_CPU_SIMD_LANE_H

#include "simd.h"

#define ATTR_UNUSED __attribute__((unused))
#define LANE_TYPES(bits)                              \
    typedef uint##bits##_t U ATTR_UNUSED;             \
    typedef int##bits##_t S ATTR_UNUSED

/* ---- pure lane-wise ops ---- */

/* Binary (reads Vn, Vm and Vd for the accumulating forms). */
#define DEF_PURE2(name, bits, EXPR)                                          \
    SIMD_HANDLER(name##bits)                                                 \
    {                                                                        \
        LANE_TYPES(bits);                                                    \
        const vreg_t *vn = &cpu->v[op->rn], *vm = &cpu->v[op->rm];           \
        const vreg_t *vd = &cpu->v[op->rd];                                  \
        vreg_t r;                                                            \
        for (unsigned i = 0; i < 128 / (bits); i++) {                        \
            U n = EL(vn, bits, i), m = EL(vm, bits, i), d = EL(vd, bits, i); \
            (void)d;                                                         \
            EL(&r, bits, i) = (U)(EXPR);                                     \
        }                                                                    \
        return simd_put_masked(cpu, op, &r);                                 \
    }
#define DEF_PURE2_ALL(name, EXPR) \
    DEF_PURE2(name, 8, EXPR) DEF_PURE2(name, 16, EXPR) DEF_PURE2(name, 32, EXPR) DEF_PURE2(name, 64, EXPR)

/* By element: m is Vm[op->a] for every lane. */
#define DEF_PURE2_ELEM(name, bits, EXPR)                                     \
    SIMD_HANDLER(name##bits)                                                 \
    {                                                                        \
        LANE_TYPES(bits);                                                    \
        const vreg_t *vn = &cpu->v[op->rn], *vd = &cpu->v[op->rd];           \
        U m = EL(&cpu->v[op->rm], bits, op->a);                              \
        vreg_t r;                                                            \
        for (unsigned i = 0; i < 128 / (bits); i++) {                        \
            U n = EL(vn, bits, i), d = EL(vd, bits, i);                      \
            (void)d;                                                         \
            EL(&r, bits, i) = (U)(EXPR);                                     \
        }                                                                    \
        return simd_put_masked(cpu, op, &r);                                 \
    }

/* Unary. */
#define DEF_PURE1(name, bits, EXPR)                                          \
    SIMD_HANDLER(name##bits)                                                 \
    {                                                                        \
        LANE_TYPES(bits);                                                    \
        const vreg_t *vn = &cpu->v[op->rn];                                  \
        vreg_t r;                                                            \
        for (unsigned i = 0; i < 128 / (bits); i++) {                        \
            U n = EL(vn, bits, i);                                           \
            EL(&r, bits, i) = (U)(EXPR);                                     \
        }                                                                    \
        return simd_put_masked(cpu, op, &r);                                 \
    }
#define DEF_PURE1_ALL(name, EXPR) \
    DEF_PURE1(name, 8, EXPR) DEF_PURE1(name, 16, EXPR) DEF_PURE1(name, 32, EXPR) DEF_PURE1(name, 64, EXPR)

#define DEF_SAT2(name, bits, EXPR)                                           \
    SIMD_HANDLER(name##bits)                                                 \
    {                                                                        \
        LANE_TYPES(bits);                                                    \
        const vreg_t *vn = &cpu->v[op->rn], *vm = &cpu->v[op->rm];           \
        const vreg_t *vd = &cpu->v[op->rd];                                  \
        vreg_t r = { .d = { 0, 0 } };                                        \
        bool qc = false;                                                     \
        for (unsigned i = 0; i < op->b; i++) {                               \
            U n = EL(vn, bits, i), m = EL(vm, bits, i), d = EL(vd, bits, i); \
            (void)d; (void)m;                                                \
            EL(&r, bits, i) = (U)(EXPR);                                     \
        }                                                                    \
        if (qc)                                                              \
            simd_set_qc(cpu);                                                \
        cpu->v[op->rd] = r;                                                  \
        return op + 1;                                                       \
    }
#define DEF_SAT2_ALL(name, EXPR) \
    DEF_SAT2(name, 8, EXPR) DEF_SAT2(name, 16, EXPR) DEF_SAT2(name, 32, EXPR) DEF_SAT2(name, 64, EXPR)

#define DEF_SAT2_ELEM(name, bits, EXPR)                                      \
    SIMD_HANDLER(name##bits)                                                 \
    {                                                                        \
        LANE_TYPES(bits);                                                    \
        const vreg_t *vn = &cpu->v[op->rn];                                  \
        U m = EL(&cpu->v[op->rm], bits, op->a);                              \
        vreg_t r = { .d = { 0, 0 } };                                        \
        bool qc = false;                                                     \
        for (unsigned i = 0; i < op->b; i++) {                               \
            U n = EL(vn, bits, i);                                           \
            EL(&r, bits, i) = (U)(EXPR);                                     \
        }                                                                    \
        if (qc)                                                              \
            simd_set_qc(cpu);                                                \
        cpu->v[op->rd] = r;                                                  \
        return op + 1;                                                       \
    }

#define BITS_OF(T) ((int)sizeof(T) * 8)
#define SSAT(v) simd_ssat((v), BITS_OF(U), &qc)
#define USAT(v) simd_usat((v), BITS_OF(U), &qc)

#endif
