"""danvan: grassroots democracy and citizen-relations platform for Vietnamese local government."""

__version__ = "0.1.0"
