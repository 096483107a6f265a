"""Merge the app's jupyter-server-proxy entry (binder/jupyter_server_config.json) into the user's Jupyter server
config (``jupyter --config-dir``/jupyter_server_config.json), keeping whatever else that file holds.

Run by binder/postBuild. Jupyter reads a ``jupyter_server_config.d/*.json`` file only for enabling
extensions, so the ``ServerProxy`` settings go into the main config file. ``GOVINFO_APP_PORT`` overrides
the port (binder/start reads the same variable).
"""

import json
import os
from pathlib import Path

from jupyter_core.paths import jupyter_config_dir

entry = json.loads((Path(__file__).parent / "jupyter_server_config.json").read_text("utf-8"))
servers = entry["ServerProxy"]["servers"]
if os.environ.get("GOVINFO_APP_PORT"):
    servers["govinfo-app"]["port"] = int(os.environ["GOVINFO_APP_PORT"])
target = Path(jupyter_config_dir()) / "jupyter_server_config.json"
config = json.loads(target.read_text("utf-8")) if target.exists() else {}
config.setdefault("ServerProxy", {}).setdefault("servers", {}).update(servers)
target.parent.mkdir(parents=True, exist_ok=True)
target.write_text(json.dumps(config, ensure_ascii=False, indent=2) + "\n", "utf-8")
print(f"govinfo-app proxy entry written to {target}")
