# Sourced by the benchmark scripts: makes "$here/.venv" (once) with the packages of
# "$here/requirements.txt" from PyPI, and sets $python to its interpreter.
venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
# pip is quiet and quick when everything is already installed.
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
python="$venv/bin/python"
