"""How passwords are kept: Argon2id, the hasher Django's documentation recommends, at the
cost the OWASP Password Storage Cheat Sheet names for it (19 MiB of memory, 2 passes,
1 lane), rather than Django's own Argon2 defaults (100 MiB, 8 lanes).

Measured here, one login's check: Django's default PBKDF2 (1,000,000 iterations) 0.30 s
of processor time, its Argon2 defaults 0.21 s, this 26 ms. A city's staff logging in
within the same minutes queue on those seconds, and everyone else's pages with them: fifty
logins within ten seconds held two cores for fifteen (see README, Measurements). Memory
hardness, not processor time, is what slows a guessing attacker's GPUs, and 19 MiB per
guess is OWASP's floor for that.

Passwords kept by an earlier hasher are still checked, and kept anew with this one at
the person's next login (Django does so for any hasher listed after the first).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
