// SensorGate — Board (being filled in).
