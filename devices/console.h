/* console.h - the host end of the serial line (a "chardev" backend).
 *
 * Chosen by -serial SPEC, with the same meanings as QEMU:
 *   stdio      guest output to stdout, input from stdin. A terminal on stdin
 *              is put in raw mode but keeps its signal keys, so Ctrl-C ends
 *              tinyvm. No escape keys.
 *   mon:stdio  the same, plus QEMU's Ctrl-A escape layer, and Ctrl-C goes to
 *              the guest (what -nographic uses):
 *                C-a x  quit (console_read reports CONSOLE_EV_QUIT)
 *                C-a h  (or C-a ?) print the key help
 *                C-a c  no monitor here: prints a line saying so
 *                C-a C-a  sends one C-a to the guest
 *              other keys after C-a are swallowed, as in QEMU.
 *   none       output discarded, no input (also accepted: null)
 *   file:PATH  output to PATH (created or truncated), no input
 *
 * The terminal is restored by console_close(), at exit, and on SIGINT,
 * SIGTERM, SIGHUP, SIGQUIT (and crash signals) whose disposition was the
 * default: the handler restores and re-raises. SIGTSTP/SIGCONT restore and
 * re-enter raw mode. Creating a console with an output sets SIGPIPE to
 * SIG_IGN if it was SIG_DFL, so a closed pipe is an error return, not death.
 *
 * Main loop use: poll console_fd() for POLLIN when it is >= 0 (it becomes -1
 * after EOF: stop polling then, and keep running the guest); when readable
 * call console_read() with max = what the UART can take now
 * (pl011_rx_space()); never blocks. Connect the UART's output with
 * pl011_create(..., console_tx, console).
 */
#ifndef TINYVM_DEVICES_CONSOLE_H
#define TINYVM_DEVICES_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct console console_t;

typedef enum {
    CONSOLE_EV_NONE = 0,
    CONSOLE_EV_QUIT, /* the user asked to quit (C-a x) */
} console_event_t;

/* Flags for console_create_fds. */
#define CONSOLE_ESCAPES 0x1u  /* interpret the C-a escape keys */
#define CONSOLE_OWN_FDS 0x2u  /* close in_fd/out_fd in console_close */

#define CONSOLE_MAX_LOGS 4
#define CONSOLE_ESCAPE_CHAR 0x01 /* C-a */

/* Open the backend named by spec. Returns NULL with errno set: EINVAL for an
 * unknown spec, or the open() error of file:PATH; the caller prints it. */
console_t *console_open(const char *spec);

/* A console over arbitrary descriptors (tests, sockets). in_fd -1: no input;
 * out_fd -1: output discarded. No terminal handling. */
console_t *console_create_fds(int in_fd, int out_fd, unsigned flags);

/* Restore the terminal, close owned and log descriptors, free. NULL is fine. */
void console_close(console_t *c);

/* Descriptor to poll for input, or -1 when there is none (anymore). */
int console_fd(const console_t *c);

/* Read what is available without blocking: up to max bytes for the guest go
 * to buf, the count is returned. *ev reports a quit request; bytes before it
 * are still returned, the rest of that read is dropped. */
size_t console_read(console_t *c, uint8_t *buf, size_t max, console_event_t *ev);

/* Guest output: written now (EINTR, short writes and EAGAIN handled), and
 * copied to every log. A descriptor that fails is dropped, never fatal. */
void console_write(console_t *c, const uint8_t *buf, size_t n);

/* console_write with the pl011_tx_fn signature (opaque = console_t *). */
void console_tx(void *opaque, const uint8_t *buf, size_t n);

/* Also copy all guest output to fd, which the console then owns (closed by
 * console_close). Returns 0, or -1 with errno EMFILE when CONSOLE_MAX_LOGS
 * logs exist already. */
int console_add_log(console_t *c, int fd);

/* errno of the first failed output write (main output or a log), or 0. */
int console_error(const console_t *c);

#endif
