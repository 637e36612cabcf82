"""Each feature's part of the restitution, one module a feature (facilitator/features.py names
them): ``part(ctx)`` reads through the builder's Context and adds its sections and data."""
