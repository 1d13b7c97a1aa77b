#!/usr/bin/env bash
echo "demo: twin not built yet"
