/*
 * Signals, as far as this kernel has them: a signal's action is its
 * default one or, after rt_sigaction(SIG_IGN), to be ignored (kept across
 * fork and execve, as POSIX says). Those whose default is to terminate end the process with
 * that signal's wait status; SIGCHLD, SIGCONT, SIGURG and SIGWINCH are
 * ignored; the stop signals are ignored too (there is no job control).
 * A fatal signal wakes a sleeping process, whose sleep returns -EINTR, and
 * takes effect on its way back to user mode (check_signals from trap()).
 */
#include <kernel/proc.h>

static bool ignored_by_default(int sig)
{
	switch (sig) {
	case SIGCHLD:
	case 18:	/* SIGCONT */
	case 19:	/* SIGSTOP */
	case 20:	/* SIGTSTP */
	case 21:	/* SIGTTIN */
	case 22:	/* SIGTTOU */
	case 23:	/* SIGURG */
	case 28:	/* SIGWINCH */
		return true;
	}
	return false;
}

void send_signal(struct proc *p, int sig)
{
	if (sig <= 0 || sig > NSIG || ignored_by_default(sig))
		return;
	if ((p->sig_ignored & (1ull << (sig - 1))) && sig != SIGKILL)
		return;
	if (p->state == P_ZOMBIE || p->state == P_UNUSED)
		return;
	if (!p->killed)
		p->killed = sig;
	if (p->state == P_SLEEPING)
		p->state = P_RUNNABLE;
}

void check_signals(void)
{
	if (current->killed)
		do_exit(W_EXITCODE(0, current->killed));
}
