#!/usr/bin/env python3
"""tools/check-instruction-set-symbols fails on what it must catch: a wider unit's object that defines an inline
function outside its namespace which the baseline's object does not define, or a strong definition outside its
namespace; it passes objects that share only what the baseline defines. The objects are compiled here, small.

    python3 tests/tools/check_instruction_set_symbols_test.py <source dir>
"""

import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

SOURCE_DIR = Path(sys.argv.pop(1) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2]).resolve()
SCRIPT = SOURCE_DIR / "tools" / "check-instruction-set-symbols"
CXX = os.environ.get("CXX", "c++")

SHARED = "inline int shared(int x) { return x * 3; }\n"
BASELINE = SHARED + "namespace isa_sse2 { int entry(int x) { return shared(x); } }\n"
GOOD_WIDE = SHARED + "namespace isa_avx2_fma { int entry(int x) { return shared(x) + 1; } }\n"
# Compiled only where the flags are wide: the linker would keep this copy for whoever calls it.
UNSHARED_WIDE = (SHARED + "inline int only_wide(int x) { return x * 5; }\n"
                 "namespace isa_avx2_fma { int entry(int x) { return shared(x) + only_wide(x); } }\n")
# A template on the unit's xsimd architecture carries it in its name, and typeinfo is data: both the unit's own.
ARCHITECTURE_WIDE = (SHARED + "namespace xsimd { struct avx2 {}; template <class A> struct fma3 {}; }\n"
                     "template <class Arch> int kernel(int x) { return x; }\n"
                     "namespace isa_avx2_fma {\n"
                     "const void* type() { return &typeid(int (*)(long)); }\n"
                     "int entry(int x) { return kernel<xsimd::fma3<xsimd::avx2>>(x); }\n"
                     "}\n")
STRONG_WIDE = (SHARED + "int helper(int x) { return x; }\n"
               "namespace isa_avx2_fma { int entry(int x) { return helper(x); } }\n")


class Symbols(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.TemporaryDirectory()
        cls.dir = Path(cls.scratch.name)
        cls.baseline = cls.compile("baseline", BASELINE)

    @classmethod
    def tearDownClass(cls):
        cls.scratch.cleanup()

    @classmethod
    def compile(cls, name, source):
        cpp = cls.dir / f"{name}.cpp"
        cpp.write_text(source)
        obj = cls.dir / f"{name}.o"
        # -O0 keeps every inline function that is called out of line, as a large kernel's would be.
        subprocess.run([CXX, "-std=c++20", "-O0", "-c", str(cpp), "-o", str(obj)], check=True)
        return obj

    def run_check(self, wide):
        return subprocess.run([sys.executable, str(SCRIPT), "--baseline", str(self.baseline), "--unit", "avx2_fma",
                               str(wide)], capture_output=True, text=True)

    def test_shared_with_the_baseline_passes(self):
        result = self.run_check(self.compile("good", GOOD_WIDE))
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("every shared symbol is the baseline's", result.stdout)

    def test_templates_on_the_units_architecture_and_typeinfo_pass(self):
        result = self.run_check(self.compile("architecture", "#include <typeinfo>\n" + ARCHITECTURE_WIDE))
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_an_inline_function_only_the_wide_unit_defines_fails(self):
        result = self.run_check(self.compile("unshared", UNSHARED_WIDE))
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("not by the baseline", result.stdout)
        self.assertIn("only_wide(int)", result.stdout)

    def test_a_strong_definition_outside_the_namespace_fails(self):
        result = self.run_check(self.compile("strong", STRONG_WIDE))
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("a strong definition outside isa_avx2_fma: helper(int)", result.stdout)


if __name__ == "__main__":
    unittest.main()
