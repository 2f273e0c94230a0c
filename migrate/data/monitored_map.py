"""MonitoredTrainingSession / SingularMonitoredSession and the SessionRunHooks TFM281 writes out as plain code.

Provenance: TF 1.15.5 ``tensorflow_core/python/training/monitored_session.py`` (the sessions'
signatures and defaults: ``save_checkpoint_secs`` 600 when neither it nor ``save_checkpoint_steps``
is given, ``save_summaries_steps`` 100, ``log_step_count_steps`` 100, ``summary_dir`` =
``checkpoint_dir``; ``__exit__`` swallows ``OutOfRangeError``) and ``basic_session_run_hooks.py``
(what each hook does in ``after_create_session`` / ``after_run`` / ``end``: StopAtStepHook stops
once the global step read after a run reaches ``last_step`` (``num_steps`` counts from the step
at session creation); CheckpointSaverHook saves ``<dir>/model.ckpt-<step>`` at session creation,
after a run whose step is ``save_steps`` past the last save (or ``save_secs`` later), and at the
end when the last save was at another step; LoggingTensorHook logs ``"tag = value"`` joined by
", " for the dict's keys in sorted order every ``every_n_iter`` runs counted from 0;
NanTensorHook raises ``NanLossDuringTrainingError`` (a RuntimeError) "NaN loss during training.").
Parameter tuples are the TF 1.15 signatures in order; symbols are relative to ``tensorflow``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Signature:
    params: tuple[str, ...]
    kept: frozenset[str]  # mapped by the lowering
    ignored: frozenset[str] = frozenset()  # no effect on a single-process run's values (waits, grace periods)


SESSIONS = {
    "train.MonitoredTrainingSession": Signature(
        ("master", "is_chief", "checkpoint_dir", "scaffold", "hooks", "chief_only_hooks", "save_checkpoint_secs",
         "save_summaries_steps", "save_summaries_secs", "config", "stop_grace_period_secs", "log_step_count_steps",
         "max_wait_secs", "save_checkpoint_steps", "summary_dir"),
        frozenset({"master", "is_chief", "checkpoint_dir", "hooks", "chief_only_hooks", "save_checkpoint_secs",
                   "save_summaries_steps", "save_summaries_secs", "config", "log_step_count_steps",
                   "save_checkpoint_steps", "summary_dir"}),
        frozenset({"stop_grace_period_secs", "max_wait_secs"})),
    "train.SingularMonitoredSession": Signature(
        ("hooks", "scaffold", "master", "config", "checkpoint_dir", "stop_grace_period_secs",
         "checkpoint_filename_with_path"),
        frozenset({"hooks", "master", "config", "checkpoint_dir"}),
        frozenset({"stop_grace_period_secs"})),
}

HOOKS = {
    "train.StopAtStepHook": Signature(("num_steps", "last_step"), frozenset({"num_steps", "last_step"})),
    "train.CheckpointSaverHook": Signature(
        ("checkpoint_dir", "save_secs", "save_steps", "saver", "checkpoint_basename", "scaffold", "listeners"),
        frozenset({"checkpoint_dir", "save_secs", "save_steps", "checkpoint_basename"})),
    "train.LoggingTensorHook": Signature(
        ("tensors", "every_n_iter", "every_n_secs", "at_end", "formatter"), frozenset({"tensors", "every_n_iter"})),
    "train.NanTensorHook": Signature(("loss_tensor", "fail_on_nan_loss"), frozenset({"loss_tensor", "fail_on_nan_loss"})),
    # writes only a steps/sec summary and log line: timing, not results (dropped with a note)
    "train.StepCounterHook": Signature(
        ("every_n_steps", "every_n_secs", "output_dir", "summary_writer"),
        frozenset({"every_n_steps", "every_n_secs", "output_dir", "summary_writer"})),
}

# ``<name> = <one of these>()`` is the global step the hooks read (a variable named "global_step" too).
GLOBAL_STEPS = frozenset({"train.get_or_create_global_step", "train.create_global_step"})
SUMMARIES = frozenset({"summary.scalar", "summary.histogram", "summary.image", "summary.audio", "summary.text",
                       "summary.merge_all", "summary.merge"})
# managed by another construct this lowering does not make: left with a finding
OTHER = frozenset({"train.Supervisor", "train.MonitoredSession"})
