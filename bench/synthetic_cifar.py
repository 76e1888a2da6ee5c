"""A CIFAR-10 binary archive of the published layout (cifar-10-batches-bin/,
five data batches and a test batch of 10,000 records each, 1 label byte +
3,072 pixel bytes, and batches.meta.txt) filled with random pixels and
labels: for timing the lab's CIFAR path where the real archive is not at
hand. Its accuracies mean nothing.

    python3 bench/synthetic_cifar.py OUT.tar.gz
"""
import io
import sys
import tarfile

import numpy as np

NAMES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]


def add(archive, name, data):
    info = tarfile.TarInfo(f"cifar-10-batches-bin/{name}")
    info.size = len(data)
    archive.addfile(info, io.BytesIO(data))


def main():
    rng = np.random.default_rng(0)
    with tarfile.open(sys.argv[1], "w:gz") as archive:
        add(archive, "batches.meta.txt", ("\n".join(NAMES) + "\n").encode())
        for name in [f"data_batch_{i}.bin" for i in range(1, 6)] + ["test_batch.bin"]:
            records = rng.integers(0, 256, size=(10000, 3073), dtype=np.uint8)
            records[:, 0] = rng.integers(0, 10, size=10000)
            add(archive, name, records.tobytes())


if __name__ == "__main__":
    main()
