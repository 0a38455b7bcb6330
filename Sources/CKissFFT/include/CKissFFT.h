// SensorGate — CKissFFT: the thin C layer over Debian's kissfft (libkissfft-dev, BSD-3-Clause).
//
// Holds only the include and the layout checks in shim.c. Debian builds kissfft with
// kiss_fft_scalar = float (libkissfft-float), which is what the header defaults to; shim.c checks it.
// Edge calls kiss_fftr_alloc / kiss_fftr / kiss_fft_alloc / kiss_fft directly, always with memory it
// allocated itself, so no free wrapper is needed.

#ifndef CKISSFFT_H
#define CKISSFFT_H

#include <kissfft/kiss_fft.h>
#include <kissfft/kiss_fftr.h>

#endif
