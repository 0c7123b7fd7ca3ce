/* clone(2) flags (include/uapi/linux/sched.h). */
#ifndef UAPI_SCHED_H
#define UAPI_SCHED_H

#define CSIGNAL              0x000000ffUL /* signal sent to the parent at exit */
#define CLONE_VM             0x00000100UL
#define CLONE_FS             0x00000200UL
#define CLONE_FILES          0x00000400UL
#define CLONE_SIGHAND        0x00000800UL
#define CLONE_PIDFD          0x00001000UL
#define CLONE_PTRACE         0x00002000UL
#define CLONE_VFORK          0x00004000UL
#define CLONE_PARENT         0x00008000UL
#define CLONE_THREAD         0x00010000UL
#define CLONE_NEWNS          0x00020000UL
#define CLONE_SYSVSEM        0x00040000UL
#define CLONE_SETTLS         0x00080000UL
#define CLONE_PARENT_SETTID  0x00100000UL
#define CLONE_CHILD_CLEARTID 0x00200000UL
#define CLONE_DETACHED       0x00400000UL
#define CLONE_UNTRACED       0x00800000UL
#define CLONE_CHILD_SETTID   0x01000000UL
#define CLONE_NEWCGROUP      0x02000000UL
#define CLONE_NEWUTS         0x04000000UL
#define CLONE_NEWIPC         0x08000000UL
#define CLONE_NEWUSER        0x10000000UL
#define CLONE_NEWPID         0x20000000UL
#define CLONE_NEWNET         0x40000000UL
#define CLONE_IO             0x80000000UL

/* wait4/waitid options (include/uapi/linux/wait.h). */
#define WNOHANG     0x00000001
#define WUNTRACED   0x00000002
#define WSTOPPED    WUNTRACED
#define WEXITED     0x00000004
#define WCONTINUED  0x00000008
#define WNOWAIT     0x01000000
#define __WNOTHREAD 0x20000000
#define __WALL      0x40000000
#define __WCLONE    0x80000000

#define P_ALL   0
#define P_PID   1
#define P_PGID  2
#define P_PIDFD 3

#endif
