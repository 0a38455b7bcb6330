print("sensorgate")
