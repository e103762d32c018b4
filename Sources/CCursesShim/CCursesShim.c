#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <signal.h>
#include <string.h>
#include <stdlib.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include "CCursesShim.h"

static int started = 0;
static int colours = 0;

void cinx_reset_signal_mask(void) {
    sigset_t none;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
}

int cinx_set_locale(void) {
    setlocale(LC_ALL, "");
    const char *cs = nl_langinfo(CODESET);
    return cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

static void stop_at_exit(void) { cinx_stop(); }

int cinx_term_known(void) {
    /* setupterm reports an unknown TERM in errret instead of printing and exiting as initscr does. */
    int err = 0;
    if (setupterm(NULL, 1, &err) != OK) return 0;
    del_curterm(cur_term);
    return err == 1;
}

void cinx_redraw_all(void) {
    if (started) clearok(curscr, TRUE);
}

int cinx_start(int use_colour) {
    if (started) return 0;
    if (initscr() == NULL) return -1;
    started = 1;
    atexit(stop_at_exit);
    raw();              /* Ctrl-C and Ctrl-S arrive as keys; the UI exits cleanly itself */
    noecho();
    keypad(stdscr, TRUE);
    set_escdelay(25);   /* Esc is instant */
    curs_set(0);
    if (use_colour && has_colors()) {
        start_color();
        use_default_colors();
        init_pair(1, COLOR_CYAN, -1);    /* accent */
        init_pair(2, COLOR_YELLOW, -1);  /* warning */
        init_pair(3, COLOR_MAGENTA, -1); /* suppressed */
        colours = 1;
    }
    return 0;
}


void cinx_stop(void) {
    if (!started) return;
    started = 0;
    curs_set(1);
    endwin();
}

void cinx_size(int *height, int *width) {
    int h, w;
    getmaxyx(stdscr, h, w);
    *height = h;
    *width = w;
}

int cinx_read_key(unsigned int *ch) {
    wint_t c = 0;
    int rc = wget_wch(stdscr, &c);
    if (rc == ERR) return CINX_KEY_ERROR;
    if (rc == KEY_CODE_YES) {
        switch (c) {
        case KEY_UP: return CINX_KEY_UP;
        case KEY_DOWN: return CINX_KEY_DOWN;
        case KEY_LEFT: return CINX_KEY_LEFT;
        case KEY_RIGHT: return CINX_KEY_RIGHT;
        case KEY_PPAGE: return CINX_KEY_PGUP;
        case KEY_NPAGE: return CINX_KEY_PGDN;
        case KEY_HOME: return CINX_KEY_HOME;
        case KEY_END: return CINX_KEY_END;
        case KEY_ENTER: return CINX_KEY_ENTER;
        case KEY_BACKSPACE: return CINX_KEY_BACKSPACE;
        case KEY_DC: return CINX_KEY_DELETE;
        case KEY_RESIZE: return CINX_KEY_RESIZE;
        default: return CINX_KEY_NONE;
        }
    }
    *ch = (unsigned int)c;
    return CINX_KEY_CHAR;
}

void cinx_erase(void) { erase(); }
void cinx_flush_input(void) { flushinp(); }
void cinx_set_read_timeout(int milliseconds) { wtimeout(stdscr, milliseconds); }

void cinx_put(int y, int x, const char *utf8, int a) {
    attr_t attrs = A_NORMAL;
    short pair = 0;
    if (a & CINX_BOLD) attrs |= A_BOLD;
    if (a & CINX_REVERSE) attrs |= A_REVERSE;
    if (a & CINX_UNDERLINE) attrs |= A_UNDERLINE;
    if (a & CINX_DIM) attrs |= colours ? A_DIM : 0;
    if (colours) {
        if (a & CINX_ACCENT) pair = 1;
        if (a & CINX_WARNING) pair = 2;
        if (a & CINX_SUPPRESSED) pair = 3;
    } else if (a & (CINX_WARNING | CINX_SUPPRESSED)) {
        /* Without colour, suppressed and warning cells stand out by underline/bold. */
        attrs |= (a & CINX_WARNING) ? A_BOLD : A_UNDERLINE;
    }
    attr_set(attrs, pair, NULL);
    mvaddstr(y, x, utf8);
    attr_set(A_NORMAL, 0, NULL);
}

void cinx_refresh(void) { refresh(); }
