"""The project root is found when a command runs: given, from KZSTATS_ROOT, or from the folder
the command runs in; outside a project every command says so in one line."""

import pytest

from conftest import run_kzstats, run_kzstats_process
from kzstats import config


def _project(folder):
    (folder / "kzstats.toml").parent.mkdir(parents=True, exist_ok=True)
    (folder / "kzstats.toml").write_text("")
    return folder.resolve()


def test_the_nearest_folder_upward_with_the_marker_is_the_root(tmp_path, monkeypatch):
    monkeypatch.delenv(config.ROOT_ENV, raising=False)
    root = _project(tmp_path / "project")
    (root / "notebooks" / "deep").mkdir(parents=True)
    assert config.find_root(cwd=root / "notebooks" / "deep") == root


def test_a_folder_holding_the_coding_sheet_is_a_project_without_the_marker(tmp_path, monkeypatch):
    monkeypatch.delenv(config.ROOT_ENV, raising=False)
    (tmp_path / "data" / "raw").mkdir(parents=True)
    (tmp_path / "data" / "raw" / "incidents.csv").write_text("incident_id\n")
    assert config.find_root(cwd=tmp_path / "data") == tmp_path.resolve()


def test_a_given_root_comes_before_the_environment_and_the_working_folder(tmp_path, monkeypatch):
    given, from_env = _project(tmp_path / "given"), _project(tmp_path / "env")
    monkeypatch.setenv(config.ROOT_ENV, str(from_env))
    assert config.find_root(cwd=given) == from_env
    assert config.find_root(given, cwd=from_env) == given


def test_outside_a_project_the_source_checkout_is_the_fallback_or_it_is_said(tmp_path, monkeypatch):
    monkeypatch.delenv(config.ROOT_ENV, raising=False)
    monkeypatch.setattr(config, "SOURCE_ROOT", _project(tmp_path / "checkout"))
    assert config.find_root(cwd=tmp_path / "elsewhere") == tmp_path / "checkout"
    monkeypatch.setattr(config, "SOURCE_ROOT", tmp_path / "site-packages")
    with pytest.raises(config.NotAProject, match="no kzstats project in"):
        config.find_root(cwd=tmp_path / "elsewhere")


def test_paths_follow_the_root_in_use_and_come_back_after(tmp_path):
    before = config.CLEAN_DATA_DIR
    with config.using_root(_project(tmp_path)):
        assert config.CLEAN_DATA_DIR == tmp_path.resolve() / "data" / "clean"
    assert config.CLEAN_DATA_DIR == before


def test_a_root_that_is_no_project_is_one_line_and_a_non_zero_exit(tmp_path):
    result = run_kzstats("build", root=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "is not a kzstats project" in result.stderr


def test_python_dash_m_kzstats_is_the_command_and_outside_a_project_says_so(tmp_path):
    assert "validate" in run_kzstats_process("--help").stdout
    env = {"PATH": "/usr/bin:/bin", config.ROOT_ENV: str(tmp_path)}
    result = run_kzstats_process("figures", cwd=tmp_path, env=env)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0 and "not a kzstats project" in result.stderr
