// expect: harness self-check: the expected message
// The compile-fail harness checking itself, as {fmt}'s compile-error-test does. tests/compile_fail/CMakeLists.txt
// builds this file as three targets:
//   cf_harness_self_check           fails with another message    -> the harness must fail (ctest WILL_FAIL)
//   cf_harness_self_check_compiles  compiles, prints the message  -> the harness must fail (ctest WILL_FAIL)
//   cf_harness_self_check_matches   fails with the message        -> the harness must pass
#if defined(NNSTATIC_HARNESS_COMPILES)
#pragma message("harness self-check: the expected message")
#elif defined(NNSTATIC_HARNESS_MATCHES)
static_assert(sizeof(int) == 0, "harness self-check: the expected message");
#else
static_assert(sizeof(int) == 0, "harness self-check: a message the regex does not match");
#endif
