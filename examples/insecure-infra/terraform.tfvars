# Values for this environment: they win over the variables' defaults, and Rampart judges them.
logs_acl    = "public-read"
admin_cidrs = ["10.0.0.0/8", "0.0.0.0/0"]
