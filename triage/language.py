"""Which language a family writes in: triage is in English, a Spanish message is also told in Spanish
how to reach help (triage/replies.py "spanish")."""

import re

# Words only Spanish uses (not "no", "a", "me"): two of them, and more than English words, make it Spanish.
_SPANISH_WORDS = set(
    "el la los las mi mis su hijo hija niño nino niña nina bebé tiene tengo está están es muy que qué porque "
    "pero sin fiebre bomba respira respirar despierta convulsión convulsion ayuda hola buenas noches por favor "
    "dolor duele suena sonando pitando puede necesito para una del al cómo cuándo cuando gracias hace esta "
    "señora señor médico medico urgencias llamar".split()
)
_ENGLISH_WORDS = set("the is my he she his her and has have not with it to of can what how was this".split())


def is_spanish(text: str) -> bool:
    words = re.findall(r"[a-záéíóúñü]+", text.lower())
    spanish = sum(w in _SPANISH_WORDS for w in words)
    return spanish >= 2 and spanish > sum(w in _ENGLISH_WORDS for w in words)
