"""Demo content (manage.py seed_demo) and the benchmark's data and ceiling view (manage.py
bench_data, /bench/trivial/). Nothing in the product imports this app."""
