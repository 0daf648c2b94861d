/* options_kv.c - QEMU's property lists: "-drive file=x,if=none,id=hd0",
 * "-M virt,gic-version=3", "-smp 4,cores=2", "-accel tcg,thread=multi".
 * Elements are separated by single commas (",," stands for a comma inside a
 * value); a first element without '=' is the value of an implied key. Every
 * option with such a list splits it here, so they all accept and refuse the
 * same things. */
#include "options_internal.h"

#include <stdio.h>
#include <string.h>

/* Keep a NUL-terminated copy of s[0..len) with ",," turned into ",". */
const char *opt_kv_keep(vm_options_t *o, const char *s, size_t len)
{
    size_t need = len + 1;
    if (o->strings_used + need > sizeof(o->strings))
        return NULL;
    char *dst = o->strings + o->strings_used, *w = dst;
    for (size_t i = 0; i < len; i++) {
        *w++ = s[i];
        if (s[i] == ',' && i + 1 < len && s[i + 1] == ',')
            i++;
    }
    *w++ = '\0';
    o->strings_used += (size_t)(w - dst);
    return dst;
}

/* Split arg into key=value pairs. A lone first element is `implied`=it. */
int opt_kv_parse(vm_options_t *o, const char *shown, const char *arg, const char *implied,
                 opt_kv_t *kv, int *n)
{
    *n = 0;
    if (!*arg)
        return opt_error(shown, "empty value");
    const char *p = arg;
    for (int idx = 0; *p || idx == 0; idx++) {
        /* The element ends at a single comma; ",," is part of it. */
        size_t len = 0;
        while (p[len] && !(p[len] == ',' && p[len + 1] != ',')) {
            if (p[len] == ',')
                len++; /* the first of ",," */
            len++;
        }
        const char *eq = memchr(p, '=', len);
        if (*n == OPT_MAX_KV)
            return opt_error(shown, "too many properties");
        opt_kv_t *e = &kv[*n];
        if (!eq) {
            if (idx != 0 || !implied)
                return opt_error(shown, "'%.*s' needs a value (key=value)", (int)len, p);
            snprintf(e->key, sizeof(e->key), "%s", implied);
            e->val = opt_kv_keep(o, p, len);
        } else {
            size_t klen = (size_t)(eq - p);
            if (klen == 0 || klen >= sizeof(e->key))
                return opt_error(shown, "bad property '%.*s'", (int)len, p);
            memcpy(e->key, p, klen);
            e->key[klen] = '\0';
            e->val = opt_kv_keep(o, eq + 1, len - klen - 1);
        }
        if (!e->val)
            return opt_error(shown, "option values too long");
        (*n)++;
        p += len;
        if (*p == ',') {
            p++;
            if (!*p)
                return opt_error(shown, "trailing comma");
        }
    }
    return OPTIONS_RUN;
}
