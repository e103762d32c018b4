#ifndef CCURSESSHIM_H
#define CCURSESSHIM_H
// The C seam for ncursesw: macros, variadics and constants that Swift cannot import, wrapped in
// plain functions. Only the CursesAdapter target calls these.

/// Attribute bits used by the Swift renderer (Screen.Attributes); mapped to curses here.
enum {
    CINX_BOLD = 1, CINX_REVERSE = 2, CINX_UNDERLINE = 4, CINX_DIM = 8,
    CINX_ACCENT = 16, CINX_WARNING = 32, CINX_SUPPRESSED = 64
};

/// Decoded key kinds returned by cinx_read_key.
enum {
    CINX_KEY_NONE = 0, CINX_KEY_CHAR, CINX_KEY_UP, CINX_KEY_DOWN, CINX_KEY_LEFT, CINX_KEY_RIGHT,
    CINX_KEY_PGUP, CINX_KEY_PGDN, CINX_KEY_HOME, CINX_KEY_END, CINX_KEY_ENTER, CINX_KEY_BACKSPACE,
    CINX_KEY_DELETE, CINX_KEY_RESIZE, CINX_KEY_ERROR
};

/// Unblocks every signal in this thread (a parent may have left SIGWINCH blocked).
void cinx_reset_signal_mask(void);
/// setlocale(LC_ALL, ""); returns 1 when the codeset is UTF-8.
int cinx_set_locale(void);
/// 1 when the terminfo database knows $TERM (checked before starting curses, which would exit).
int cinx_term_known(void);
/// Repaints the whole screen at the next refresh (Ctrl-L).
void cinx_redraw_all(void);
/// Starts curses; returns 0 on success. `use_colour` 0 disables colour (NO_COLOR or no support).
int cinx_start(int use_colour);
/// Ends curses if started; safe to call twice.
void cinx_stop(void);
void cinx_size(int *height, int *width);
/// Blocks for a key; sets *ch for CINX_KEY_CHAR (a Unicode scalar or a control code).
int cinx_read_key(unsigned int *ch);
void cinx_erase(void);
void cinx_put(int y, int x, const char *utf8, int attributes);
void cinx_refresh(void);
/// Discards keys typed but not read yet (flushinp).
void cinx_flush_input(void);
/// cinx_read_key waits at most this many milliseconds (-1: for ever) and then returns CINX_KEY_ERROR.
void cinx_set_read_timeout(int milliseconds);

#endif
