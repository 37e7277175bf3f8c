#!/usr/bin/env python3
"""tools/check-include-layers fails on what it must catch: run on small trees written here, and once, end to end,
on a copy of the real include/ with one include that runs up.

    python3 tests/tools/check_include_layers_test.py <source dir>
"""

import importlib.machinery
import importlib.util
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

SOURCE_DIR = Path(sys.argv.pop(1) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2])
CHECKER = SOURCE_DIR / "tools" / "check-include-layers"


def load_checker():
    # The tool has no .py suffix (it is run as a command), so it is loaded by path.
    loader = importlib.machinery.SourceFileLoader("check_include_layers", str(CHECKER))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


checker = load_checker()

LEVELS = {"simd": 0, "core": 1, "layers": 2, "kernels": 2, "fusion": 3, "": 4}


class SmallTrees(unittest.TestCase):
    def setUp(self):
        self.scratch = tempfile.TemporaryDirectory()
        self.nnstatic = Path(self.scratch.name) / "nnstatic"
        self.write("simd/pack.hpp")
        self.write("core/shape.hpp", "simd/pack.hpp")
        self.write("layers/dense.hpp", "core/shape.hpp", "layers/detail/window.hpp")
        self.write("layers/detail/window.hpp", "core/shape.hpp")
        self.write("kernels/gemm.hpp", "simd/pack.hpp")
        self.write("fusion/plan.hpp", "layers/dense.hpp", "kernels/gemm.hpp")
        self.write("all.hpp", "fusion/plan.hpp")

    def tearDown(self):
        self.scratch.cleanup()

    def write(self, header, *includes, text=""):
        path = self.nnstatic / header
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = ["#pragma once"] + [f"#include <nnstatic/{included}>" for included in includes]
        path.write_text("\n".join(lines) + "\n" + text, encoding="utf-8")

    def problems(self, exceptions=None):
        return checker.check(self.nnstatic, LEVELS, exceptions or {})[0]

    def test_a_layered_tree_passes(self):
        self.assertEqual(self.problems(), [])

    def test_an_include_up_a_level_fails_naming_both_levels(self):
        self.write("core/shape.hpp", "fusion/plan.hpp")
        self.assertIn(
            "core/shape.hpp includes fusion/plan.hpp: core (level 1) must not include fusion (level 3)",
            self.problems(),
        )

    def test_folders_on_one_level_do_not_include_each_other(self):
        self.write("kernels/gemm.hpp", "layers/dense.hpp")
        self.assertEqual(
            self.problems(),
            [
                "kernels/gemm.hpp includes layers/dense.hpp: kernels (level 2) must not include layers (level 2): "
                "folders on one level are independent"
            ],
        )

    def test_a_detail_folder_is_held_to_its_parent_folders_level(self):
        self.write("layers/detail/window.hpp", "kernels/gemm.hpp")
        self.assertEqual(len(self.problems()), 1)
        self.assertTrue(self.problems()[0].startswith("layers/detail/window.hpp includes kernels/gemm.hpp: layers"))

    def test_no_folder_includes_an_umbrella(self):
        self.write("fusion/plan.hpp", "all.hpp")
        self.assertIn(
            "fusion/plan.hpp includes all.hpp: fusion (level 3) must not include the top level (level 4)",
            self.problems(),
        )

    def test_a_folder_without_a_level_fails(self):
        self.write("widgets/knob.hpp", "core/shape.hpp")
        self.assertEqual(len(self.problems()), 1)
        self.assertTrue(self.problems()[0].startswith("widgets/: a folder without a level"))

    def test_an_include_of_a_missing_header_fails(self):
        self.write("layers/dense.hpp", "core/no_such_header.hpp")
        self.assertEqual(
            self.problems(), ["layers/dense.hpp includes core/no_such_header.hpp, which is not a header under nnstatic/"]
        )

    def test_an_include_cycle_fails_and_names_its_headers(self):
        self.write("core/shape.hpp", "core/text.hpp")
        self.write("core/text.hpp", "core/error.hpp")
        self.write("core/error.hpp", "core/shape.hpp")
        self.assertEqual(
            self.problems(), ["include cycle: core/shape.hpp -> core/text.hpp -> core/error.hpp -> core/shape.hpp"]
        )

    def test_an_include_in_a_comment_is_not_an_include(self):
        self.write("core/shape.hpp", text="///     #include <nnstatic/fusion/plan.hpp>\n")
        self.assertEqual(self.problems(), [])

    def test_an_exception_allows_its_header_only(self):
        self.write("kernels/gemm.hpp", "layers/dense.hpp")
        self.write("kernels/transpose.hpp", "layers/dense.hpp")
        problems = self.problems({"kernels/gemm.hpp": "layers"})
        self.assertEqual(len(problems), 1)
        self.assertTrue(problems[0].startswith("kernels/transpose.hpp includes layers/dense.hpp"))

    def test_an_exception_no_longer_needed_fails(self):
        self.assertEqual(
            self.problems({"kernels/gemm.hpp": "layers"}),
            [
                "kernels/gemm.hpp: the exception that lets it include layers/ is no longer needed; "
                "delete its line in EXCEPTIONS (tools/check-include-layers)"
            ],
        )


class RealTree(unittest.TestCase):
    def run_checker(self, root):
        return subprocess.run(
            [sys.executable, str(CHECKER), "--root", str(root)], capture_output=True, text=True, check=False
        )

    def test_every_folder_of_include_has_a_level(self):
        nnstatic = SOURCE_DIR / "include" / "nnstatic"
        folders = {checker.folder_of(path.relative_to(nnstatic).as_posix()) for path in nnstatic.rglob("*.hpp")}
        self.assertEqual(folders - checker.LEVELS.keys(), set())

    def test_the_command_fails_on_a_copy_of_include_with_one_include_up(self):
        with tempfile.TemporaryDirectory() as scratch:
            root = Path(scratch) / "include"
            shutil.copytree(SOURCE_DIR / "include", root)
            self.assertEqual(self.run_checker(root).returncode, 0, "the copy should pass before it is changed")
            with open(root / "nnstatic" / "core" / "shape.hpp", "a", encoding="utf-8") as shape:
                shape.write("#include <nnstatic/fusion/plan.hpp>\n")
            result = self.run_checker(root)
            self.assertEqual(result.returncode, 1)
            self.assertIn(
                "core/shape.hpp includes fusion/plan.hpp: core (level 1) must not include fusion (level 3)\n",
                result.stderr,
            )
            self.assertIn("include cycle: ", result.stderr)  # fusion/plan.hpp includes core/shape.hpp itself


if __name__ == "__main__":
    unittest.main(verbosity=2)
