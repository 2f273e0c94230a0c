"""Write small TFRecord files of tf.train.Example protos (``index``: int64, ``value``: 2 floats), no TensorFlow.

``python make_records.py DIR N_FILES N_PER_FILE`` prints the paths; record ``i`` of file ``f`` has
index ``f * 100 + i`` and value ``[index / 10, 1 - index / 100]``. The TFRecord framing (length, masked
CRC32C of the length, data, masked CRC32C of the data) is written by hand so the files can be made by
any interpreter the tests use.
"""

import struct
import sys
from pathlib import Path


def _crc32c(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 & -(crc & 1))
    return crc ^ 0xFFFFFFFF


def _masked(data: bytes) -> bytes:
    crc = _crc32c(data)
    return struct.pack("<I", (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF)


def _varint(n: int) -> bytes:
    out = b""
    while True:
        bits, n = n & 0x7F, n >> 7
        out += bytes([bits | (0x80 if n else 0)])
        if not n:
            return out


def _field(number: int, payload: bytes) -> bytes:  # a length-delimited protobuf field
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def example(index: int) -> bytes:
    """tf.train.Example{features{feature{"index": int64_list}, feature{"value": float_list}}}."""
    ints = _field(3, _field(1, _varint(index)))  # Feature.int64_list (3) -> Int64List.value packed (1)
    floats = _field(2, _field(1, struct.pack("<2f", index / 10, 1 - index / 100)))  # Feature.float_list (2)
    entries = _field(1, _field(1, b"index") + _field(2, ints)) + _field(1, _field(1, b"value") + _field(2, floats))
    return _field(1, entries)  # Example.features (1) -> Features.feature map entries (1)


def write(path: Path, records: list[bytes]) -> None:
    with open(path, "wb") as f:
        for data in records:
            length = struct.pack("<Q", len(data))
            f.write(length + _masked(length) + data + _masked(data))


if __name__ == "__main__":
    directory, files, per_file = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    for f in range(files):
        path = directory / f"part-{f}.tfrecord"
        write(path, [example(f * 100 + i) for i in range(per_file)])
        print(path)
