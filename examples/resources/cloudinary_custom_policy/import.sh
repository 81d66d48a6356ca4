# Import a custom policy by its id...
terraform import cloudinary_custom_policy.clothing_readers 12jf789l12hwiuencl7aaqey

# ...or by its name, when exactly one policy (in any scope) has it.
terraform import cloudinary_custom_policy.auditors "Auditors read users"
