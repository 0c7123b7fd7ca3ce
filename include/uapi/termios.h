/* Terminal attributes as the Linux arm64 system-call ABI passes them: the
 * asm-generic layout (include/uapi/asm-generic/termbits.h, termbits-common.h
 * and termios.h), which arm64 uses unchanged. These are the kernel's
 * structures for TCGETS/TCSETS and TCGETS2/TCSETS2, not glibc's struct
 * termios (glibc converts; its NCCS is 32). Meanings: POSIX XBD chapter 11
 * (General Terminal Interface) and termios(3). */
#ifndef UAPI_TERMIOS_H
#define UAPI_TERMIOS_H

#include <stddef.h>

typedef unsigned char cc_t;
typedef unsigned int speed_t;
typedef unsigned int tcflag_t;

#define NCCS 19

/* TCGETS, TCSETS, TCSETSW, TCSETSF. */
struct termios {
    tcflag_t c_iflag; /* input modes (XBD 11.2.2) */
    tcflag_t c_oflag; /* output modes (XBD 11.2.3) */
    tcflag_t c_cflag; /* control modes (XBD 11.2.4) */
    tcflag_t c_lflag; /* local modes (XBD 11.2.5) */
    cc_t c_line;      /* line discipline, 0 = N_TTY */
    cc_t c_cc[NCCS];  /* special characters (XBD 11.2.6) */
};

/* TCGETS2, TCSETS2, TCSETSW2, TCSETSF2: adds arbitrary speeds (BOTHER). */
struct termios2 {
    tcflag_t c_iflag;
    tcflag_t c_oflag;
    tcflag_t c_cflag;
    tcflag_t c_lflag;
    cc_t c_line;
    cc_t c_cc[NCCS];
    speed_t c_ispeed; /* input speed in bits/s when CIBAUD holds BOTHER */
    speed_t c_ospeed; /* output speed in bits/s when CBAUD holds BOTHER */
};

/* TIOCGWINSZ, TIOCSWINSZ (tty_ioctl(4)). */
struct winsize {
    unsigned short ws_row;
    unsigned short ws_col;
    unsigned short ws_xpixel;
    unsigned short ws_ypixel;
};

_Static_assert(sizeof(struct termios) == 36, "Linux struct termios is 36 bytes");
_Static_assert(offsetof(struct termios, c_lflag) == 12, "termios c_lflag offset");
_Static_assert(offsetof(struct termios, c_line) == 16, "termios c_line offset");
_Static_assert(offsetof(struct termios, c_cc) == 17, "termios c_cc offset");
_Static_assert(sizeof(struct termios2) == 44, "Linux struct termios2 is 44 bytes");
_Static_assert(offsetof(struct termios2, c_ispeed) == 36, "termios2 c_ispeed offset");
_Static_assert(offsetof(struct termios2, c_ospeed) == 40, "termios2 c_ospeed offset");
_Static_assert(sizeof(struct winsize) == 8, "Linux struct winsize is 8 bytes");
_Static_assert(offsetof(struct winsize, ws_ypixel) == 6, "winsize ws_ypixel offset");

/* A c_cc entry equal to this disables that special character (XBD 11.2.6). */
#define _POSIX_VDISABLE '\0'

/* c_cc indices. */
#define VINTR    0
#define VQUIT    1
#define VERASE   2
#define VKILL    3
#define VEOF     4
#define VTIME    5 /* noncanonical read timer, tenths of a second (XBD 11.1.7) */
#define VMIN     6 /* noncanonical read minimum byte count */
#define VSWTC    7
#define VSTART   8
#define VSTOP    9
#define VSUSP    10
#define VEOL     11
#define VREPRINT 12
#define VDISCARD 13
#define VWERASE  14
#define VLNEXT   15
#define VEOL2    16

/* c_iflag bits. */
#define IGNBRK  0x0001
#define BRKINT  0x0002
#define IGNPAR  0x0004
#define PARMRK  0x0008
#define INPCK   0x0010
#define ISTRIP  0x0020
#define INLCR   0x0040
#define IGNCR   0x0080
#define ICRNL   0x0100
#define IUCLC   0x0200
#define IXON    0x0400
#define IXANY   0x0800
#define IXOFF   0x1000
#define IMAXBEL 0x2000
#define IUTF8   0x4000

/* c_oflag bits. */
#define OPOST  0x00001
#define OLCUC  0x00002
#define ONLCR  0x00004
#define OCRNL  0x00008
#define ONOCR  0x00010
#define ONLRET 0x00020
#define OFILL  0x00040
#define OFDEL  0x00080
#define NLDLY  0x00100
#define NL0    0x00000
#define NL1    0x00100
#define CRDLY  0x00600
#define CR0    0x00000
#define CR1    0x00200
#define CR2    0x00400
#define CR3    0x00600
#define TABDLY 0x01800
#define TAB0   0x00000
#define TAB1   0x00800
#define TAB2   0x01000
#define TAB3   0x01800
#define XTABS  0x01800
#define BSDLY  0x02000
#define BS0    0x00000
#define BS1    0x02000
#define VTDLY  0x04000
#define VT0    0x00000
#define VT1    0x04000
#define FFDLY  0x08000
#define FF0    0x00000
#define FF1    0x08000

/* c_cflag bits. */
#define CBAUD    0x0000100f
#define B0       0x00000000 /* hang up */
#define B50      0x00000001
#define B75      0x00000002
#define B110     0x00000003
#define B134     0x00000004
#define B150     0x00000005
#define B200     0x00000006
#define B300     0x00000007
#define B600     0x00000008
#define B1200    0x00000009
#define B1800    0x0000000a
#define B2400    0x0000000b
#define B4800    0x0000000c
#define B9600    0x0000000d
#define B19200   0x0000000e
#define B38400   0x0000000f
#define EXTA     B19200
#define EXTB     B38400
#define CSIZE    0x00000030
#define CS5      0x00000000
#define CS6      0x00000010
#define CS7      0x00000020
#define CS8      0x00000030
#define CSTOPB   0x00000040
#define CREAD    0x00000080
#define PARENB   0x00000100
#define PARODD   0x00000200
#define HUPCL    0x00000400
#define CLOCAL   0x00000800
#define CBAUDEX  0x00001000
#define BOTHER   0x00001000 /* speed in c_ispeed/c_ospeed (termios2) */
#define B57600   0x00001001
#define B115200  0x00001002
#define B230400  0x00001003
#define B460800  0x00001004
#define B500000  0x00001005
#define B576000  0x00001006
#define B921600  0x00001007
#define B1000000 0x00001008
#define B1152000 0x00001009
#define B1500000 0x0000100a
#define B2000000 0x0000100b
#define B2500000 0x0000100c
#define B3000000 0x0000100d
#define B3500000 0x0000100e
#define B4000000 0x0000100f
#define CIBAUD   0x100f0000 /* input speed code, CBAUD << IBSHIFT; 0 = same as output */
#define ADDRB    0x20000000
#define CMSPAR   0x40000000
#define CRTSCTS  0x80000000
#define IBSHIFT  16

/* c_lflag bits. */
#define ISIG    0x00001
#define ICANON  0x00002
#define XCASE   0x00004
#define ECHO    0x00008
#define ECHOE   0x00010
#define ECHOK   0x00020
#define ECHONL  0x00040
#define NOFLSH  0x00080
#define TOSTOP  0x00100
#define ECHOCTL 0x00200
#define ECHOPRT 0x00400
#define ECHOKE  0x00800
#define FLUSHO  0x01000
#define PENDIN  0x04000
#define IEXTEN  0x08000
#define EXTPROC 0x10000

/* tcflow() actions, the TCXONC argument. */
#define TCOOFF 0
#define TCOON  1
#define TCIOFF 2
#define TCION  3

/* tcflush() queue selectors, the TCFLSH argument. */
#define TCIFLUSH  0
#define TCOFLUSH  1
#define TCIOFLUSH 2

/* tcsetattr() actions (glibc maps them to TCSETS, TCSETSW, TCSETSF). */
#define TCSANOW   0
#define TCSADRAIN 1
#define TCSAFLUSH 2

/* Line disciplines (TIOCGETD/TIOCSETD). */
#define N_TTY 0

#endif
