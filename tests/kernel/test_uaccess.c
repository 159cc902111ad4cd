#include <kernel/ktest.h>
static void placeholder(void) { }
static const struct ktest_case cases[] = { { "placeholder", placeholder } };
KTEST_SUITE(uaccess, cases);
