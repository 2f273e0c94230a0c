"""The device path of ``tf-migrate verify``, tested on CPU: what each worker asks TensorFlow for.

`worker.setup_device` runs in every column's process before TensorFlow touches a device. A fake
``tf.config.experimental`` records the calls it makes with and without GPUs.
"""

import json
import subprocess
import sys
from types import SimpleNamespace

import pytest

from migrate.verify import worker
from migrate.verify.pairs import ROOT


class FakeConfig:
    def __init__(self, gpus):
        self.gpus, self.calls = gpus, []

    def list_physical_devices(self, kind):
        return list(self.gpus) if kind == "GPU" else ["cpu0"]

    def set_visible_devices(self, devices, kind):
        self.calls.append(("visible", list(devices), kind))

    def set_memory_growth(self, device, enable):
        self.calls.append(("memory_growth", device, enable))

    def get_device_details(self, device):
        return {"device_name": f"Fake {device}"}


def fake_tf(gpus):
    config = FakeConfig(gpus)
    return SimpleNamespace(config=SimpleNamespace(experimental=config)), config


def test_gpu_keeps_the_first_gpu_with_memory_growth_and_names_it():
    tf, config = fake_tf(["gpu0", "gpu1"])
    assert worker.setup_device(tf, "gpu") == "/device:GPU:0 (Fake gpu0)"
    assert config.calls == [("visible", ["gpu0"], "GPU"), ("memory_growth", "gpu0", True)]


def test_cpu_hides_every_gpu():
    tf, config = fake_tf(["gpu0"])
    assert worker.setup_device(tf, "cpu") == "/device:CPU:0"
    assert config.calls == [("visible", [], "GPU")]


def test_gpu_without_one_is_a_clear_error():
    tf, config = fake_tf([])
    with pytest.raises(worker.DeviceUnavailable, match="sees no GPU"):
        worker.setup_device(tf, "gpu")
    assert config.calls == []


class FakeTF1Config(FakeConfig):
    get_device_details = property()  # TF 1.15's tf.config.experimental lacks it: getattr raises AttributeError


def test_tf1_has_no_device_details_and_still_names_the_gpu():
    tf = SimpleNamespace(config=SimpleNamespace(experimental=FakeTF1Config(["gpu0"])))
    assert worker.setup_device(tf, "gpu") == "/device:GPU:0"


def test_a_gpu_worker_on_a_cpu_machine_gives_each_job_the_reason(tmp_path):
    jobs = [{"id": f"x/{i}", "path": str(ROOT / "legacy_examples" / "softmax_regression.py"),
             "kwargs": {"device": "gpu"}} for i in range(2)]
    (tmp_path / "jobs.json").write_text(json.dumps(jobs))
    env = {"CUDA_VISIBLE_DEVICES": "-1", "TF_CPP_MIN_LOG_LEVEL": "3", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "migrate.verify.worker", "modern", str(tmp_path / "jobs.json"),
                           str(tmp_path / "results.json")], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = json.loads((tmp_path / "results.json").read_text())
    assert [r["id"] for r in results] == ["x/0", "x/1"]
    assert all(r["error"].startswith("DeviceUnavailable: device gpu: TensorFlow sees no GPU") for r in results)


def test_the_cli_refuses_gpu_without_one_before_training(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "migrate", "verify", "--device", "gpu", "softmax_regression",
                           "--out", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={"CUDA_VISIBLE_DEVICES": "-1", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT),
                               "HOME": str(tmp_path)})
    assert proc.returncode == 2
    assert "tf-migrate verify: --device gpu: TensorFlow sees no GPU" in proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "results.json").exists()
