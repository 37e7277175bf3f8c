// expect: harness self-check: the expected message
// The compile-fail harness checking itself, as {fmt}'s compile-error-test does. tests/compile_fail/CMakeLists.txt
// builds this file as six targets:
//   cf_harness_self_check           fails with another message             -> the harness must fail (ctest WILL_FAIL)
//   cf_harness_self_check_compiles  compiles, prints the message           -> the harness must fail (ctest WILL_FAIL)
//   cf_harness_self_check_cascade   fails with the message and then another error, as a wrong network did before
//                                   the binding stopped at its first error -> the harness must fail (ctest WILL_FAIL)
//   cf_harness_self_check_not_assert  fails with the message in one error that is not a static_assert
//                                                                          -> the harness must fail (ctest WILL_FAIL)
//   cf_harness_self_check_language_check_cascade  fails with the #error of nnstatic's language check and then
//                                   another error instead of its fatal stop -> the harness must fail (ctest WILL_FAIL)
//   cf_harness_self_check_matches   fails with the message, one error      -> the harness must pass
#if defined(NNSTATIC_HARNESS_COMPILES)
#pragma message("nnstatic: harness self-check: the expected message")
#elif defined(NNSTATIC_HARNESS_MATCHES)
static_assert(sizeof(int) == 0, "nnstatic: harness self-check: the expected message");
#elif defined(NNSTATIC_HARNESS_CASCADE)
static_assert(sizeof(int) == 0, "nnstatic: harness self-check: the expected message");
static_assert(sizeof(char) == 0, "nnstatic: harness self-check: a second error");
#elif defined(NNSTATIC_HARNESS_NOT_ASSERT)
#error "nnstatic: harness self-check: the expected message"
#elif defined(NNSTATIC_HARNESS_LANGUAGE_CHECK_CASCADE)
#error "nnstatic: needs C++20 or later: harness self-check: the expected message"
static_assert(sizeof(char) == 0, "nnstatic: harness self-check: a second error");
#else
static_assert(sizeof(int) == 0, "nnstatic: harness self-check: a message the regex does not match");
#endif
