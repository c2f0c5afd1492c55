"""doorbraak: breakthrough plans (Doorbraakmethode) as YAML files, checked and computed."""

__version__ = "0.1.0"
