"""Party badges (Huy hiệu Đảng): eligibility rules, rounds in the admin, the lists for the
upper committee."""
