// SensorGate — HALSim (being filled in).
