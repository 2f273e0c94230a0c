"""Never finishes within a short --timeout."""
import time

time.sleep(120)
