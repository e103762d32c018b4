// SwiftPM drops pkg-config's -D flags, so the wide-character API is switched on here,
// identically in every header that includes curses.h.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <signal.h>
#include <ncursesw/curses.h>
