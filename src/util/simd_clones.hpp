// Hot loops are compiled once per vector width (AVX-512, AVX2, baseline SSE2) and the loader picks
// the widest the CPU has. The library is built for baseline x86-64, so without this its loops run
// two doubles at a time on machines that do eight. Results are identical across the clones:
// civiscore_core is built with -ffp-contract=off (no fused multiply-adds) and every loop that
// sums keeps a fixed order of additions whatever the vector width.
#pragma once

// Not under ThreadSanitizer: the clones' resolvers run while the dynamic loader relocates the
// library, before the TSan runtime is up, and crash there.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_THREAD__)
#define CIVISCORE_SIMD_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CIVISCORE_SIMD_CLONES
#endif
