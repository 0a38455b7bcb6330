// SensorGate — Drivers (being filled in).
