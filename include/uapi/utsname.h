/* uname(2)'s struct new_utsname (include/uapi/linux/utsname.h). */
#ifndef UAPI_UTSNAME_H
#define UAPI_UTSNAME_H

#define NEW_UTS_LEN 64

struct new_utsname {
    char sysname[NEW_UTS_LEN + 1];
    char nodename[NEW_UTS_LEN + 1];
    char release[NEW_UTS_LEN + 1];
    char version[NEW_UTS_LEN + 1];
    char machine[NEW_UTS_LEN + 1];
    char domainname[NEW_UTS_LEN + 1];
};
_Static_assert(sizeof(struct new_utsname) == 390, "struct new_utsname is 6 x 65 bytes");

#endif
