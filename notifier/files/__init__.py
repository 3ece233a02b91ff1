"""Harmonogram files on disk: reading and watching them, and recording a call into one."""
