// libFuzzer's driver, for fuzz targets that bring their own `main`.
//
// SwiftPM links an executable target with `--defsym main=<module>_main`, so libFuzzer's own `main`
// is never used; each target defines `<module>_main` and calls this with its test function.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test)(const uint8_t *data, size_t size));
