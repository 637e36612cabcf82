from pathlib import Path
FORMATS_DIR = Path(__file__).resolve().parent
