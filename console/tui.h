/* tui.h - the interactive console (ncurses). */
#ifndef PORTOPS_TUI_H
#define PORTOPS_TUI_H

#include "commands.h"

/* Runs the console on cli->st until the operator quits; cli->script (or PORTOPS_SCRIPT) runs it
 * from a script instead of the keyboard. Returns an exit code. */
int tui_run(struct cli *cli);

#endif
