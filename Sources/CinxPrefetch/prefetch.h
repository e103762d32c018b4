// A hint to the processor to bring a cache line in before it is read (Swift has no prefetch of its own,
// and the intrinsics' _mm_prefetch is a macro the Swift importer cannot see). It never faults, even on an
// address that is not mapped, so a hint computed from input data is safe.
static inline void cinx_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }
