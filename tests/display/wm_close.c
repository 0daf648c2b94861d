/* wm_close.c - ask an X11 window to close, as a window manager does when its
 * close button is clicked (ICCCM 4.2.8.1: a WM_PROTOCOLS ClientMessage
 * carrying WM_DELETE_WINDOW). The display test runs under a bare Xvfb with
 * no window manager, and `xdotool windowkill` would cut the client's X
 * connection instead of asking.
 *
 *   wm_close WINDOW-ID      (decimal or 0x hex, e.g. from xdotool search)
 */
#include <X11/Xlib.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: wm_close WINDOW-ID\n");
        return 2;
    }
    Display *dpy = XOpenDisplay(NULL);
    if (!dpy) {
        fprintf(stderr, "wm_close: cannot open the display\n");
        return 2;
    }
    Window w = (Window)strtoul(argv[1], NULL, 0);
    XEvent ev = { 0 };
    ev.xclient.type = ClientMessage;
    ev.xclient.window = w;
    ev.xclient.message_type = XInternAtom(dpy, "WM_PROTOCOLS", False);
    ev.xclient.format = 32;
    ev.xclient.data.l[0] = (long)XInternAtom(dpy, "WM_DELETE_WINDOW", False);
    ev.xclient.data.l[1] = CurrentTime;
    XSendEvent(dpy, w, False, NoEventMask, &ev);
    XSync(dpy, False);
    XCloseDisplay(dpy);
    return 0;
}
