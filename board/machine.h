/* machine.h - the virt board put together: RAM, CPU, GIC, UART, RTC, PSCI,
 * and the main loop that runs them. */
#ifndef TINYVM_BOARD_MACHINE_H
#define TINYVM_BOARD_MACHINE_H

#include "board/options.h"
#include "devices/console.h"

/* Build the machine described by o, boot it and run it until the guest
 * powers off, resets under -no-reboot, or the user quits. console is the
 * already-open serial backend (it outlives machine resets). Returns the
 * process exit status (vm_exit_status_t); errors have been printed. */
int machine_run(const vm_options_t *o, console_t *console);

#endif
