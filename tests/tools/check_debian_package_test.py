#!/usr/bin/env python3
"""tools/check-debian-package fails on what it must catch: the package CPack builds passes; copies of it with one
fault each (repacked with dpkg-deb) fail with the line that names the fault. The consumer builds are left to the
script's own run (CI), so this takes seconds.

    python3 tests/tools/check_debian_package_test.py <source dir>
"""

import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

SOURCE_DIR = Path(sys.argv.pop(1) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2]).resolve()
SCRIPT = SOURCE_DIR / "tools" / "check-debian-package"


def check(deb, build):
    return subprocess.run([str(SCRIPT), "--deb", str(deb), "--skip-consumer", str(build)], capture_output=True,
                          text=True)


class Faults(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.TemporaryDirectory()
        cls.dir = Path(cls.scratch.name)
        built = subprocess.run([str(SCRIPT), "--skip-consumer", str(cls.dir / "build")], capture_output=True,
                               text=True)
        if built.returncode != 0:
            raise AssertionError(f"the real package fails: {built.stdout}{built.stderr}")
        cls.good = cls.dir / "good.deb"
        shutil.copy(next((cls.dir / "build").glob("libnnstatic-dev_*_all.deb")), cls.good)

    @classmethod
    def tearDownClass(cls):
        cls.scratch.cleanup()

    def repacked(self, change):
        """The good package unpacked with its control files, changed by `change(tree)`, and packed again."""
        tree = self.dir / "tree"
        shutil.rmtree(tree, ignore_errors=True)
        subprocess.run(["dpkg-deb", "-R", str(self.good), str(tree)], check=True)
        change(tree)
        deb = self.dir / "faulty.deb"
        subprocess.run(["dpkg-deb", "--root-owner-group", "-b", str(tree), str(deb)], check=True,
                       capture_output=True)
        return deb

    def expect_failure(self, change, message):
        result = check(self.repacked(change), self.dir / "check")
        self.assertNotEqual(result.returncode, 0, result.stdout)
        self.assertIn(message, result.stderr)

    def edit_control(self, tree, old, new):
        control = tree / "DEBIAN" / "control"
        text = control.read_text()
        self.assertIn(old, text)
        control.write_text(text.replace(old, new, 1))

    def test_repacked_unchanged_passes(self):
        result = check(self.repacked(lambda tree: None), self.dir / "check")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("passed every check", result.stdout)

    def test_architecture_other_than_all(self):
        self.expect_failure(lambda tree: self.edit_control(tree, "Architecture: all", "Architecture: amd64"),
                            "Architecture is 'amd64'")

    def test_missing_dependency(self):
        self.expect_failure(lambda tree: self.edit_control(tree, ", zlib1g-dev", ""), "Depends lacks 'zlib1g-dev'")

    def test_dependency_this_machine_lacks(self):
        self.expect_failure(lambda tree: self.edit_control(tree, "zlib1g-dev", "zlib1g-dev, libboost-dev (>= 1.81)"),
                            "no alternative of 'libboost-dev (>= 1.81)' is installed")

    def test_description_line_too_wide(self):
        self.expect_failure(lambda tree: self.edit_control(tree, "\n nnstatic is", "\n " + "x" * 90 + "\n nnstatic is"),
                            "wider than 80 columns")

    def test_file_outside_usr_include_and_share(self):
        def add(tree):
            (tree / "usr" / "local" / "include").mkdir(parents=True)
            (tree / "usr" / "local" / "include" / "stray.hpp").write_text("#pragma once\n")
        self.expect_failure(add, "files outside /usr/include and /usr/share")

    def test_executable_header(self):
        self.expect_failure(lambda tree: (tree / "usr/include/nnstatic/nnstatic.hpp").chmod(0o755),
                            "a file is not 0644")

    def test_compiled_file(self):
        def add(tree):
            program = tree / "usr/share/doc/libnnstatic-dev/example"
            shutil.copy(sys.executable, program)
            program.chmod(0o644)
        self.expect_failure(add, "holds a compiled file")

    def test_missing_header(self):
        self.expect_failure(lambda tree: (tree / "usr/include/nnstatic/version.hpp").unlink(),
                            "the packaged headers differ from include/")

    def test_missing_copyright(self):
        self.expect_failure(lambda tree: (tree / "usr/share/doc/libnnstatic-dev/copyright").unlink(),
                            "lacks /usr/share/doc/libnnstatic-dev/copyright")

    def test_file_naming_the_source_tree(self):
        def point_at_source(tree):
            pc = tree / "usr/share/pkgconfig/nnstatic.pc"
            pc.write_text(pc.read_text().replace("${pcfiledir}/../..", str(SOURCE_DIR)))
        self.expect_failure(point_at_source, "name the source or build tree")


if __name__ == "__main__":
    unittest.main()
