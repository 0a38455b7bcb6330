// SensorGate — CKissFFT: layout checks only (see include/CKissFFT.h).

#include "CKissFFT.h"

// Edge hands kissfft Float buffers and reads kiss_fft_cpx as two Floats.
_Static_assert(sizeof(kiss_fft_scalar) == sizeof(float), "libkissfft-float: kiss_fft_scalar must be float");
_Static_assert(sizeof(kiss_fft_cpx) == 2 * sizeof(float), "kiss_fft_cpx must be two packed floats");
