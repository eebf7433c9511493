"""Reading the Dockerfile and compose.yaml as Docker does, so that a test runs the very
commands they declare (this machine has no container daemon)."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Image:
    """What the Dockerfile declares for running the image."""

    env: dict[str, str] = field(default_factory=dict)
    entrypoint: list[str] = field(default_factory=list)
    cmd: list[str] = field(default_factory=list)
    healthcheck: list[str] = field(default_factory=list)
    user: str = ""
    volumes: list[str] = field(default_factory=list)


def instructions(text: str) -> list[tuple[str, str]]:
    """(KEYWORD, arguments) of each instruction, continuation lines joined."""
    found, pending = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        whole = (pending + stripped).strip()
        pending = ""
        keyword, _, arguments = whole.partition(" ")
        found.append((keyword.upper(), arguments.strip()))
    return found


def command_form(arguments: str) -> list[str]:
    """Exec form (a JSON array) as is; shell form as Docker runs it."""
    if arguments.startswith("["):
        return json.loads(arguments)
    return ["/bin/sh", "-c", arguments]


def read_image(path: Path = ROOT / "Dockerfile") -> Image:
    image = Image()
    for keyword, arguments in instructions(path.read_text()):
        if keyword == "ENV":
            for pair in shlex.split(arguments):
                name, _, value = pair.partition("=")
                image.env[name] = value
        elif keyword == "ENTRYPOINT":
            image.entrypoint = command_form(arguments)
            image.cmd = []  # Docker: a new ENTRYPOINT resets an earlier CMD
        elif keyword == "CMD":
            image.cmd = command_form(arguments)
        elif keyword == "HEALTHCHECK":
            rest = re.sub(r"^(--\S+\s+)*", "", arguments)
            assert rest.startswith("CMD "), arguments
            image.healthcheck = command_form(rest[4:].strip())
        elif keyword == "USER":
            image.user = arguments
        elif keyword == "VOLUME":
            image.volumes = command_form(arguments) if arguments.startswith("[") \
                else arguments.split()
    return image


INTERPOLATION = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
                           r"(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


def interpolate(value: Any, variables: Mapping[str, str]) -> Any:
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?error} in every string of ``value``."""
    if isinstance(value, dict):
        return {k: interpolate(v, variables) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, variables) for v in value]
    if not isinstance(value, str):
        return value

    def one(match: re.Match[str]) -> str:
        name, op, arg = match["name"], match["op"], match["arg"]
        present = variables.get(name)
        empty = present is None or (present == "" and op and op.startswith(":"))
        if op and op.endswith("-") and empty:
            return arg
        if op and op.endswith("?") and empty:
            raise KeyError(f"compose needs {name}: {arg}")
        return present or ""

    return INTERPOLATION.sub(one, value)


def read_compose(variables: Mapping[str, str],
                 path: Path = ROOT / "compose.yaml") -> dict[str, Any]:
    """The compose file's services, interpolated with ``variables`` (merge keys resolved by
    the YAML loader)."""
    document = yaml.safe_load(path.read_text())
    return interpolate(document, variables)


def service_command(image: Image, service: dict[str, Any]) -> list[str]:
    """What a service runs: its entrypoint (or the image's) and its command (or the
    image's CMD when it declares neither)."""
    entrypoint = service.get("entrypoint", image.entrypoint)
    if isinstance(entrypoint, str):
        entrypoint = shlex.split(entrypoint)
    command = service.get("command")
    if command is None:
        command = image.cmd if "entrypoint" not in service else []
    elif isinstance(command, str):
        command = shlex.split(command)
    return [*entrypoint, *command]
