/* main.c - tinyvm's entry point: parse the command line, open the serial
 * backend, run the machine, exit with a documented status (options.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "board/board_virtio.h"
#include "board/boot.h"
#include "board/machine.h"
#include "board/options.h"
#include "debug/trace.h"
#include "devices/console.h"

static int dump_dtb(const vm_options_t *o)
{
    boot_config_t bc;
    boot_config_from_options(&bc, o);
    bc.machine.virtio_slots = board_virtio_slots(o); /* the same nodes as a real run */
    boot_info_t bi;
    char err[512];
    int rc = boot_prepare(&bc, NULL, &bi, err, sizeof(err));
    if (rc == 0) {
        rc = boot_dump_dtb(&bi, o->dumpdtb, err, sizeof(err));
        boot_info_free(&bi);
    }
    if (rc != 0)
        fprintf(stderr, "tinyvm: %s\n", err);
    return rc;
}

int main(int argc, char **argv)
{
    vm_options_t o;
    switch (options_parse(&o, argc, argv)) {
    case OPTIONS_EXIT:
        return VM_EXIT_OK;
    case OPTIONS_ERROR:
        return VM_EXIT_USAGE;
    default:
        break;
    }
    if (o.dumpdtb)
        return dump_dtb(&o);

    /* -d/-D: the log file was created by the option parser (a bad path is
     * a usage error there); the mask switches the trace points on. */
    if (o.trace_log && trace_open(o.trace_log) != 0) {
        fprintf(stderr, "tinyvm: -D: %s: %s\n", o.trace_log, strerror(errno));
        return VM_EXIT_USAGE;
    }
    trace_mask = o.trace_items;

    const char *spec;
    char filespec[4096];
    switch (o.serial) {
    case VM_SERIAL_NONE: spec = "none"; break;
    case VM_SERIAL_FILE:
        snprintf(filespec, sizeof(filespec), "file:%s", o.serial_path);
        spec = filespec;
        break;
    case VM_SERIAL_MON_STDIO: spec = "mon:stdio"; break;
    default: spec = "stdio"; break;
    }
    console_t *console = console_open(spec);
    if (!console) {
        fprintf(stderr, "tinyvm: -serial: %s: %s\n", spec, strerror(errno));
        return VM_EXIT_USAGE;
    }
    if (o.console_log) {
        int fd = open(o.console_log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0 || console_add_log(console, fd) != 0) {
            fprintf(stderr, "tinyvm: --console-log: %s: %s\n", o.console_log, strerror(errno));
            console_close(console);
            return VM_EXIT_USAGE;
        }
    }
    int rc = machine_run(&o, console);
    console_close(console);
    return rc;
}
