// Runs once, when the mongo container initialises its empty data directory (/docker-entrypoint-initdb.d, as the root
// user of MONGO_INITDB_ROOT_USERNAME): the user IMS connects as, with read and write on its own database only.
db.getSiblingDB('admin').createUser({
  user: 'ims',
  pwd: process.env.IMS_MONGO_PASSWORD,
  roles: [{ role: 'readWrite', db: 'ims' }],
});
