/* Offsets of struct trap_frame and struct percpu fields used from assembly.
 * Checked against the C definitions with _Static_assert in exception.c. */
#ifndef ARM64_TRAP_FRAME_OFFSETS_H
#define ARM64_TRAP_FRAME_OFFSETS_H

#define TF_X30  240
#define TF_SP   248
#define TF_PC   256
#define TF_ESR  272
#define TF_SIZE 288

#define PERCPU_OVERFLOW_STACK_TOP 0

#endif
