#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder image (as root, Ubuntu).
# Put a wheel of derive (`python -m build` in the derive repository) next to this file in
# the autograder zip; it is unpacked to /autograder/source.
set -euo pipefail
apt-get install -y python3 python3-pip
pip3 install /autograder/source/derive-*.whl
