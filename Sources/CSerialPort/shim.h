#include <libserialport.h>
#include <poll.h>
#include <signal.h>
#include <time.h>

/* glibc declares ppoll only under _GNU_SOURCE, which Swift's Glibc module does not set.
   Serial reads need its nanosecond timeout (poll's is whole milliseconds). */
int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *tmo_p, const sigset_t *sigmask);

/* Pseudo-terminals for servo twins; glibc hides these behind _XOPEN_SOURCE. */
int posix_openpt(int flags);
int grantpt(int fd);
int unlockpt(int fd);
int ptsname_r(int fd, char *buf, size_t buflen);
