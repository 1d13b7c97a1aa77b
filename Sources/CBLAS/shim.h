#include <cblas.h>
/* OpenBLAS extension: pin the thread count (the loop and the learner choose their own). */
void openblas_set_num_threads(int num_threads);
