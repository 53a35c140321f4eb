"""Action deployers: warm wrapper processes on this host (Kubernetes comes later)."""
